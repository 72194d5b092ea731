/**
 * A held-out text in the style of TinyStories (short stories for small children, simple words),
 * written for Strata and never seen in training by the bundled stories260K. The report measures the
 * demo model's loss on it before and after pruning; tests check the loss against PyTorch.
 */
export const DEMO_HELDOUT_STORIES: readonly string[] = [
  'Once upon a time, there was a little dog named Max. Max liked to run in the big green field near his house. One day, he found a red ball under a tree. He was very happy and wanted to play with it. Max ran to his friend Sam and said, "Look what I found!" Sam smiled and threw the ball far away. Max ran after it as fast as he could. They played all day until the sun went down. Then they went home and had a warm dinner.',
  'Tom had a small boat. Every morning he took the boat to the lake with his mom. One day the sky was grey and the wind was strong. Tom was scared, but his mom held his hand. "We can stay on the shore today," she said. They sat on a rock and watched the water. Soon the sun came out again. Tom laughed and said, "Now we can go!" They had a fun time on the lake.',
  "Mia loved to draw. She drew a big yellow sun, a tall tree and a happy cat. Her brother Ben wanted to draw too, but he did not have any paper. Mia thought for a moment. Then she gave Ben half of her paper. Ben was so happy that he gave Mia a big hug. They drew pictures together and put them on the wall for their dad to see.",
];
